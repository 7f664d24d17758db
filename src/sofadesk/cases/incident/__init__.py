"""Incidents and criminal jurisdiction (NATO SOFA Art. VII) as a case kind."""

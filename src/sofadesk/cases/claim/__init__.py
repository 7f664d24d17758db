"""Claims and cost sharing under NATO SOFA Art. VIII, on the case engine."""

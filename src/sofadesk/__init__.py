"""SOFA Desk: administer the NATO SOFA / PfP SOFA regime."""

__version__ = "0.1.0"

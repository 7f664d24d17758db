"""The Agreement as executable, cited law: pure rules, no database, no web, no I/O beyond own data files."""

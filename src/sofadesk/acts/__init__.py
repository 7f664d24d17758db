"""Registry updates in the application: a State's dated acts entered by one registry editor, confirmed by a
second (four eyes), their impact on open cases, and every process seeing the new registry within seconds."""

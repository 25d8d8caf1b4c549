"""Public pages of the records app: the application tracker and the online application form."""

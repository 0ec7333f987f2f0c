"""web: the server-rendered pages (sign-in, consent, app management): Jinja2, no JavaScript needed."""

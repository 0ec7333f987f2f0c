"""auth: OAuth2 (Authlib server behind our Starlette adapter), tokens, scopes and roles."""

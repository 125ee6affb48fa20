"""Domain core: models, ticket codes, CSV parsing and the verdict rules. No Qt, no network."""

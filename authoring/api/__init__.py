"""The JSON API under /api/v1: token or session auth, pagination, one error shape, OpenAPI 3."""

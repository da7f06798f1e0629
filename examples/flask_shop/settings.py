"""Deployment settings."""

import os

DATABASE_URL = "postgresql://shop:s3cr3t-Pa55@db.internal:5432/shop"
STRIPE_API_KEY = os.environ.get("STRIPE_API_KEY", "sk_live_51Hc8XyQ2eZvKYlo2C9a8fJ3k")

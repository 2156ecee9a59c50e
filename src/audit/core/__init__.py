"""What every audit shares: params, errors, numbers, headline metrics, claims, metrics.json, provenance."""

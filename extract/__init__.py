"""geokg.extract."""

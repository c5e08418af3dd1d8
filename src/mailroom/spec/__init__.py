"""The spec: its vocabulary and model, reading and saving spec files, refusing
secrets, and reading the free-text values that carry structure (schedules,
volumes). Every later step starts from what this package reads."""

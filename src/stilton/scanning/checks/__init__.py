"""The rules, one module per category; `stilton.scanning.registry` collects them."""

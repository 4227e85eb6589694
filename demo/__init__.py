"""The demo and benchmark cohort behind ``manage.py seed_demo``.

``cohort`` (with ``profiles``, ``serology``, ``therapy``, ``visits`` and ``seed_case``)
draws plain data from a seeded ``random.Random``; ``writer`` inserts it in bulk with one
history row per row; ``accounts`` creates departments and users; ``reset`` deletes a
previous demo; ``services.demo_data_create`` ties them together in one transaction.
"""

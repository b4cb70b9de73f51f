"""``manage.py import_article``, ``create_demo_accounts``, ``deliver_webhooks``."""

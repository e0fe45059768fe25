"""The bundled sample portal: four Chinese news portals served on 127.0.0.1 (see ``site.py``)."""

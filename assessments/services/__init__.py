"""Write paths of the assessments app: services named ``<entity>_<action>``."""

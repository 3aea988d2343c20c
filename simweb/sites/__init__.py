"""The simulated government sites, one package per CMS archetype (SITES.md section 3)."""

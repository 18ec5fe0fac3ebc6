"""Jekyll sites: the one seam through which Jekyll's conventions enter ssg.

- `config`: a `_config.yml` read into ssg's `Config`, as plain settings (`source_layout =
  "jekyll"`, `liquid_site`, `defaults`, `jekyll_compat`, permalink styles, `exclude`/`include`);
- `discover`: a Jekyll folder (`_posts/` at any depth, `_drafts/`, pages, static files) read
  into the same `Sources` as an ssg site's `content/`;
- `importer`: `ssg import jekyll`, a Jekyll folder copied into ssg's layout with an `ssg.toml`.

May import the core stages (`ssg.config`, `ssg.sources`, `ssg.errors`, `ssg.data`); nothing in
the core imports this package: `ssg.project` chooses the config loader and `ssg.build` the
discovery, each from a plain setting.
"""

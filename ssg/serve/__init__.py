"""`ssg serve`: build, serve on localhost and live-reload on every save.

- `command`: the dev server loop; every change runs the same `ssg.build.build()`, with one
  cache kept in memory (no renderer of its own);
- `http`: the standard-library HTTP server for the built folder (base path, 404 page, no way
  out of the folder);
- `watch`: watchdog events, debounced and sorted into kinds of change;
- `livereload`: Server-Sent Events to open pages, and the script injected into served HTML.

May import the pipeline (`ssg.build`, `ssg.project`, `ssg.cache`, `ssg.templates`) and
`ssg.errors`; nothing in the pipeline imports this package.
"""

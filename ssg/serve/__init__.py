"""`ssg serve`: build, serve on localhost and live-reload on every save.

- `command`: the dev server loop (`DevServer`, `serve`); every change runs the same
  `ssg.build.build()`, with one cache kept in memory (no renderer of its own);
- `http`: the standard-library HTTP server for the built folder (port, threads, responses,
  the 404 page);
- `headers`: which `Host` names are answered (a DNS-rebinding guard on loopback) and the
  byte span a `Range` asks for;
- `paths`: what a request path names in the built folder (GitHub Pages' URL rules, base
  path, no way out of the folder) and the Content-Type of a file;
- `watch`: the watchdog observer, debouncing, and the thread that calls back once per burst;
- `changes`: what a changed path is: ignored (hidden, editors' temp, swap and backup files)
  or not, and which kind of change (`ChangeSet`: config, template, content, css, static);
- `livereload`: Server-Sent Events to open pages, and the script injected into served HTML
  (`livereload.js`).

May import the pipeline (`ssg.build`, `ssg.project`, `ssg.config`, `ssg.cache`,
`ssg.templates`) and `ssg.errors`; never `ssg.cli`, `ssg.publish` or `ssg.check`. Nothing in
the pipeline imports this package.
"""

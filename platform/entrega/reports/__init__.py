"""Reports: PDFs rendered by WeasyPrint from the same templates and SVG charts as the pages, by a job, stored
with their checksum, downloadable. `services.request_report` is the way in."""

// The API reference page: Swagger UI, served from our own static files, reading our OpenAPI document.
window.addEventListener("DOMContentLoaded", function () {
  var target = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: target.dataset.spec,
    dom_id: "#swagger-ui",
    deepLinking: true,
    // Requests from the page carry the token the reader pastes under "Authorize", never the session.
    withCredentials: false,
  });
});

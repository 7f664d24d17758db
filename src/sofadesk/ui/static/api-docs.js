// Starts the vendored Swagger UI on the API's own OpenAPI document (a file, not an inline script, so that the
// page works under the Content-Security-Policy every page carries).
window.addEventListener("DOMContentLoaded", function () {
  window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});

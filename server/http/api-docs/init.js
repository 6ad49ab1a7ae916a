// Starts Swagger UI on /api/docs with the server's own OpenAPI document. A file of its own, not an
// inline script, so the page runs under a content-security policy of `script-src 'self'`.
window.addEventListener("DOMContentLoaded", function () {
  window.SwaggerUIBundle({
    url: "/api/v1/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    // No badge fetched from swagger.io's online validator: nothing leaves this server.
    validatorUrl: null,
    tryItOutEnabled: false,
  });
});

// Package web holds the server's embedded templates, static files and
// OpenAPI document: no build step, no script from the internet.
package web

import (
	"embed"
	"html/template"
	"io/fs"
	"net/http"
)

//go:embed templates/*.html
var templates embed.FS

//go:embed static
var static embed.FS

//go:embed openapi.json
var openapi []byte

// Templates parses every page template with the given functions.
func Templates(funcs template.FuncMap) (*template.Template, error) {
	return template.New("").Funcs(funcs).ParseFS(templates, "templates/*.html")
}

// Static serves the static files.
func Static() http.Handler {
	sub, _ := fs.Sub(static, "static")
	return http.FileServer(http.FS(sub))
}

// OpenAPI returns the OpenAPI 3 document of the JSON API.
func OpenAPI() []byte { return openapi }

package serve

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unicode"

	"github.com/invopop/jsonschema"

	"github.com/baogao/baogao/internal/analysis"
	"github.com/baogao/baogao/internal/panel"
	"github.com/baogao/baogao/internal/participate"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/search"
	"github.com/baogao/baogao/internal/track"
	"github.com/baogao/baogao/internal/web"
)

// The API's answers are these types; the OpenAPI document's schemas are
// reflected from them when it is first asked for, so that what the
// document says is what the handlers write (a test checks real answers
// against it).
type (
	reportPage   pageOf[report.Report]
	factPage     pageOf[report.Fact]
	taskPage     pageOf[taskJSON]
	reportDetail struct {
		ID       int64           `json:"id"`
		Identity report.Identity `json:"identity"`
		Sources  []sourceJSON    `json:"sources"`
	}
	sourceJSON struct {
		report.Source
		Text     string           `json:"text"`
		Sections []report.Section `json:"sections"`
		Terms    []report.Term    `json:"terms"`
	}
	identityResult struct {
		ID       int64           `json:"id"`
		Identity report.Identity `json:"identity"`
	}
	uploadResponse struct {
		Files []uploadResult `json:"files"`
	}
	regionList struct {
		Parent string       `json:"parent"`
		Items  []regionJSON `json:"items"`
	}
	indicatorJSON struct {
		ID     string   `json:"id"`
		Better string   `json:"better"` // higher or lower
		Names  []string `json:"names"`
	}
	indicatorList struct {
		Items []indicatorJSON `json:"items"`
	}
	checkList struct {
		Items []track.Check `json:"items"`
	}
	searchResponse struct {
		Total    int            `json:"total"`
		Capped   bool           `json:"capped"`
		ByYear   map[int]int    `json:"by_year"`
		ByRegion map[string]int `json:"by_region"`
		Hits     []search.Hit   `json:"hits"`
	}
	importResponse struct {
		Imported bool              `json:"imported"`
		Good     int               `json:"good"`
		Bad      int               `json:"bad"`
		NewTasks []int64           `json:"new_tasks"`
		Rows     []track.RowResult `json:"rows"`
	}
	unitTableJSON struct {
		Units       []track.UnitScore   `json:"units"`       // 晾晒: on time, overdue, behind, nodes overdue
		Performance []track.Performance `json:"performance"` // 绩效考核, with each score's computation
		Weights     track.Weights       `json:"weights"`
	}
	evidenceRef struct {
		SHA256 string `json:"sha256"`
		URL    string `json:"url"`
	}
	// apiError is every refusal and failure: a stable code for programs,
	// a message for people, in Chinese.
	apiError struct {
		Error errorBody `json:"error"`
	}
	errorBody struct {
		Status  int    `json:"status"`
		Code    string `json:"code"`
		Message string `json:"message"`
	}
)

// apiAnswers names the type of each JSON answer of the API.
var apiAnswers = []struct {
	method, path string
	status       []int
	body         any
}{
	{"get", "/reports", []int{200}, reportPage{}},
	{"post", "/reports", []int{200, 207}, uploadResponse{}},
	{"get", "/reports/{id}", []int{200}, reportDetail{}},
	{"post", "/reports/{id}/identity", []int{200}, identityResult{}},
	{"get", "/facts", []int{200}, factPage{}},
	{"post", "/facts/{id}/review", []int{200}, report.Review{}},
	{"get", "/search", []int{200}, searchResponse{}},
	{"get", "/regions", []int{200}, regionList{}},
	{"get", "/indicators", []int{200}, indicatorList{}},
	{"get", "/checks", []int{200}, checkList{}},
	{"get", "/cascade", []int{200}, analysis.Cascade{}},
	{"get", "/tasks", []int{200}, taskPage{}},
	{"get", "/tasks/{id}", []int{200}, taskJSON{}},
	{"get", "/units", []int{200}, unitTableJSON{}},
	{"post", "/tasks/{id}", []int{200}, taskJSON{}},
	{"post", "/tasks/import", []int{200, 422}, importResponse{}},
	{"post", "/evidence", []int{200}, evidenceRef{}},
	{"get", "/exports/panel", []int{200}, panel.Codebook{}},
	{"post", "/register", []int{201}, accountJSON{}},
	{"get", "/questions", []int{200}, questionList{}},
	{"post", "/questions", []int{201}, participate.Question{}},
	{"get", "/questions/{id}", []int{200}, participate.Question{}},
	{"post", "/questions/{id}/{action}", []int{200}, participate.Question{}},
	{"get", "/rounds", []int{200}, roundList{}},
	{"post", "/rounds", []int{201}, participate.Round{}},
	{"get", "/rounds/{id}", []int{200}, participate.Round{}},
	{"post", "/rounds/{id}/{action}", []int{200}, participate.Round{}},
	{"get", "/suggestions", []int{200}, suggestionList{}},
	{"post", "/suggestions", []int{201}, participate.Suggestion{}},
	{"post", "/suggestions/import", []int{200}, suggestionImport{}},
	{"get", "/suggestions/{id}", []int{200}, participate.Suggestion{}},
	{"post", "/suggestions/{id}/{action}", []int{200}, participate.Suggestion{}},
	{"post", "/tasks/{id}/follow", []int{200}, followJSON{}},
	{"get", "/notifications", []int{200}, noticeList{}},
	{"get", "/audit", []int{200}, auditList{}},
}

// apiRequests names the type of each JSON request body the API reads
// beyond those written out in web/openapi.json.
var apiRequests = []struct {
	method, path string
	body         any
}{
	{"post", "/register", registration{}},
	{"post", "/questions", askRequest{}},
	{"post", "/questions/{id}/{action}", actRequest{}},
	{"post", "/rounds", openRoundRequest{}},
	{"post", "/rounds/{id}/{action}", roundActRequest{}},
	{"post", "/suggestions", suggestionRequest{}},
	{"post", "/suggestions/{id}/{action}", suggestionActRequest{}},
	{"post", "/tasks/{id}/follow", followRequest{}},
}

// schemaName is a type's name in the document: Report, TaskView,
// ReportPage.
func schemaName(t reflect.Type) string {
	n := t.Name()
	switch n {
	case "taskJSON":
		return "TaskView"
	case "sourceJSON":
		return "SourceView"
	}
	n = strings.TrimSuffix(n, "JSON")
	if n == "" {
		return ""
	}
	r := []rune(n)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// openAPI is the document served at /api/v1/openapi.json: the paths as
// written in web/openapi.json, each JSON answer pointing to its schema.
var openAPI = sync.OnceValues(func() ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(web.OpenAPI(), &doc); err != nil {
		return nil, err
	}
	doc["openapi"] = "3.1.0"
	doc["jsonSchemaDialect"] = "https://json-schema.org/draft/2020-12/schema"
	schemas := map[string]any{}
	ref := func(v any) (map[string]any, error) {
		name, defs, err := reflectSchema(v)
		if err != nil {
			return nil, err
		}
		for k, d := range defs {
			schemas[k] = d
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}, nil
	}
	paths, _ := doc["paths"].(map[string]any)
	for _, a := range apiAnswers {
		op, _ := dig(paths, a.path, a.method).(map[string]any)
		if op == nil {
			return nil, fmt.Errorf("openapi.json has no %s %s", a.method, a.path)
		}
		responses, _ := op["responses"].(map[string]any)
		for _, code := range a.status {
			resp, _ := responses[fmt.Sprint(code)].(map[string]any)
			if resp == nil {
				return nil, fmt.Errorf("openapi.json: %s %s has no answer %d", a.method, a.path, code)
			}
			r, err := ref(a.body)
			if err != nil {
				return nil, err
			}
			content, _ := resp["content"].(map[string]any)
			if content == nil {
				content = map[string]any{}
				resp["content"] = content
			}
			content["application/json"] = map[string]any{"schema": r} // beside a CSV or a file, where the route has them
		}
	}
	for _, a := range apiRequests {
		op, _ := dig(paths, a.path, a.method).(map[string]any)
		if op == nil {
			return nil, fmt.Errorf("openapi.json has no %s %s", a.method, a.path)
		}
		r, err := ref(a.body)
		if err != nil {
			return nil, err
		}
		body, _ := op["requestBody"].(map[string]any)
		if body == nil {
			body = map[string]any{"required": true, "content": map[string]any{}}
			op["requestBody"] = body
		}
		body["content"].(map[string]any)["application/json"] = map[string]any{"schema": r}
	}
	errRef, err := ref(apiError{})
	if err != nil {
		return nil, err
	}
	components, _ := doc["components"].(map[string]any)
	if resp, _ := dig(components, "responses", "Error").(map[string]any); resp != nil {
		resp["content"] = map[string]any{"application/json": map[string]any{"schema": errRef}}
	}
	components["schemas"] = schemas
	return json.MarshalIndent(doc, "", " ")
})

func dig(m map[string]any, keys ...string) any {
	var v any = m
	for _, k := range keys {
		mm, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = mm[k]
	}
	return v
}

// reflectSchema reflects a type into JSON Schema (2020-12) definitions
// that refer to each other as OpenAPI components, and returns the name
// of v's own.
func reflectSchema(v any) (string, map[string]any, error) {
	r := &jsonschema.Reflector{Anonymous: true, Namer: schemaName}
	s := r.Reflect(v)
	nullable(reflect.TypeOf(v), s.Definitions, map[reflect.Type]bool{})
	b, err := json.Marshal(s.Definitions)
	if err != nil {
		return "", nil, err
	}
	b = []byte(strings.ReplaceAll(string(b), `"#/$defs/`, `"#/components/schemas/`))
	var defs map[string]any
	if err := json.Unmarshal(b, &defs); err != nil {
		return "", nil, err
	}
	return schemaName(reflect.TypeOf(v)), defs, nil
}

// nullable lets a property be null where encoding/json can write null:
// a pointer, slice or map field that is not omitted when empty. The
// reflector marks none of them so.
func nullable(t reflect.Type, defs jsonschema.Definitions, seen map[reflect.Type]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map || t.Kind() == reflect.Array {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] {
		return
	}
	seen[t] = true
	def := defs[schemaName(t)]
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			name, opts, _ := strings.Cut(tag, ",")
			if name == "-" || !f.IsExported() && !f.Anonymous {
				continue
			}
			if f.Anonymous && name == "" {
				et := f.Type
				if et.Kind() == reflect.Pointer {
					et = et.Elem()
				}
				if et.Kind() == reflect.Struct {
					walk(et)
					continue
				}
			}
			nullable(f.Type, defs, seen)
			if name == "" {
				name = f.Name
			}
			k := f.Type.Kind()
			if def == nil || strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero") ||
				k != reflect.Pointer && k != reflect.Slice && k != reflect.Map {
				continue
			}
			if p, ok := def.Properties.Get(name); ok && p != nil {
				def.Properties.Set(name, &jsonschema.Schema{AnyOf: []*jsonschema.Schema{p, {Type: "null"}}})
			}
		}
	}
	walk(t)
}

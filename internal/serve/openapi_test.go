package serve

import (
	"bytes"
	"encoding/json"
	"github.com/baogao/baogao/internal/report"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/xuri/excelize/v2"
)

// TestOpenAPIAnswers: the document is OpenAPI 3.1 whose every JSON answer
// has a schema, the schemas compile as JSON Schema 2020-12, and what the
// server really answers on each route validates against its schema.
func TestOpenAPIAnswers(t *testing.T) {
	f := newFixture(t, Options{})
	admin := f.token(t, "admin")
	for _, name := range []string{"qinghe_2023.txt", "qinghe_2024.txt"} {
		if code, msg := f.upload(t, admin, "../../examples/reports/"+name); code != 200 {
			t.Fatalf("upload %s: %d %s", name, code, msg)
		}
	}
	code, raw := f.do(t, "GET", "/api/v1/openapi.json", "", nil, "")
	if code != 200 {
		t.Fatalf("openapi.json: %d %s", code, raw)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	m := doc.(map[string]any)
	if m["openapi"] != "3.1.0" {
		t.Errorf("openapi %v", m["openapi"])
	}
	// Every JSON answer names its schema; none is the empty {}.
	schemaOf := map[string]string{} // "get /reports 200" → component
	for path, ops := range m["paths"].(map[string]any) {
		for method, op := range ops.(map[string]any) {
			for status, resp := range op.(map[string]any)["responses"].(map[string]any) {
				r := resp.(map[string]any)
				if ref, ok := r["$ref"].(string); ok {
					schemaOf[method+" "+path+" "+status] = strings.TrimPrefix(ref, "#/components/responses/")
					continue
				}
				content, _ := r["content"].(map[string]any)
				js, ok := content["application/json"].(map[string]any)
				if !ok {
					continue
				}
				s, _ := js["schema"].(map[string]any)
				ref, _ := s["$ref"].(string)
				if path != "/openapi.json" && ref == "" {
					t.Errorf("%s %s %s: JSON with no schema", method, path, status)
				}
				schemaOf[method+" "+path+" "+status] = strings.TrimPrefix(ref, "#/components/schemas/")
			}
		}
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("https://baogao.local/openapi.json", doc); err != nil {
		t.Fatal(err)
	}
	compiled := map[string]*jsonschema.Schema{}
	for name := range m["components"].(map[string]any)["schemas"].(map[string]any) {
		s, err := c.Compile("https://baogao.local/openapi.json#/components/schemas/" + name)
		if err != nil {
			t.Fatalf("schema %s: %v", name, err)
		}
		compiled[name] = s
	}
	// The schemas hold: an answer with a field no type has fails.
	bogus, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"items":[{"quote":"x","bogus":1}],"page":1,"per_page":1,"has_more":false}`))
	if compiled["FactPage"] == nil || compiled["FactPage"].Validate(bogus) == nil {
		t.Error("a made-up fact passes the FactPage schema")
	}
	check := func(method, route, url, token string, body []byte, ctype string, want int) []byte {
		t.Helper()
		var rd *bytes.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		var code int
		var got []byte
		if rd != nil {
			code, got = f.do(t, strings.ToUpper(method), url, token, rd, ctype)
		} else {
			code, got = f.do(t, strings.ToUpper(method), url, token, nil, ctype)
		}
		if code != want {
			t.Fatalf("%s %s: %d, want %d: %s", method, url, code, want, got)
		}
		name := schemaOf[method+" "+route+" "+itoa(code)]
		if name == "Error" {
			name = "ApiError"
		}
		s := compiled[name]
		if s == nil {
			t.Fatalf("%s %s %d: no schema (%q)", method, route, code, name)
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(got))
		if err != nil {
			t.Fatalf("%s %s: not JSON: %v", method, url, err)
		}
		if err := s.Validate(v); err != nil {
			t.Errorf("%s %s does not match %s: %v", method, url, name, err)
		}
		return got
	}
	check("get", "/reports", "/api/v1/reports", "", nil, "", 200)
	check("get", "/reports/{id}", "/api/v1/reports/1", "", nil, "", 200)
	check("get", "/reports/{id}", "/api/v1/reports/99", "", nil, "", 404)
	check("post", "/reports/{id}/identity", "/api/v1/reports/1/identity", admin, []byte(`{"year":2022}`), "application/json", 200)
	check("get", "/facts", "/api/v1/facts?per_page=20", "", nil, "", 200)
	check("get", "/facts", "/api/v1/facts?kind=nonsense", "", nil, "", 400)
	check("get", "/search", "/api/v1/search?q=养老", "", nil, "", 200)
	check("get", "/regions", "/api/v1/regions", "", nil, "", 200)
	check("get", "/indicators", "/api/v1/indicators", "", nil, "", 200)
	check("get", "/checks", "/api/v1/checks?region=青禾县", "", nil, "", 200)
	check("get", "/cascade", "/api/v1/cascade?indicator=gdp&year=2024", "", nil, "", 200)
	check("get", "/exports/panel", "/api/v1/exports/panel?codebook=json", "", nil, "", 200)
	var page struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	json.Unmarshal(check("get", "/tasks", "/api/v1/tasks?year=2024", "", nil, "", 200), &page)
	if len(page.Items) == 0 {
		t.Fatal("no tasks")
	}
	task := "/api/v1/tasks/" + itoa(int(page.Items[0].ID))
	check("get", "/tasks/{id}", task, "", nil, "", 200)
	units := string(check("get", "/units", "/api/v1/units?year=2024", "", nil, "", 200))
	if !strings.Contains(units, `"computation":"按时完成率`) || !strings.Contains(units, `"on_time":50`) {
		t.Errorf("the unit table: %s", units)
	}
	check("post", "/tasks/{id}", task, admin, []byte(`{"lead_unit":"区教育局","rating":"80"}`), "application/json", 200)
	check("post", "/tasks/{id}", task, "", []byte(`{"progress":"x"}`), "application/json", 401)

	body, ct := multipartFile(t, "../../examples/reports/qinghe_2024.txt")
	var b bytes.Buffer
	b.ReadFrom(body)
	check("post", "/evidence", "/api/v1/evidence", admin, b.Bytes(), ct, 200)

	x := excelize.NewFile()
	x.SetSheetRow("Sheet1", "A1", &[]any{"序号", "工作任务", "牵头单位"})
	x.SetSheetRow("Sheet1", "A2", &[]any{1, "举办一场从未写进报告的活动", "区文旅局"})
	var sheet, form bytes.Buffer
	x.Write(&sheet)
	mw := multipart.NewWriter(&form)
	w, _ := mw.CreateFormFile("file", "分工方案.xlsx")
	w.Write(sheet.Bytes())
	mw.Close()
	check("post", "/tasks/import", "/api/v1/tasks/import?year=2024", admin, form.Bytes(), mw.FormDataContentType(), http.StatusUnprocessableEntity)

	// The public's part answers as its schemas say.
	check("post", "/register", "/api/v1/register", "", []byte(`{"name":"wang@example.org","password":"一二三四五六七八"}`), "application/json", 201)
	citizen := f.token(t, "13800000001")
	check("post", "/questions", "/api/v1/questions", citizen, []byte(`{"task_id":`+itoa(int(page.Items[0].ID))+`,"text":"何时完成？"}`), "application/json", 201)
	check("post", "/questions/{id}/{action}", "/api/v1/questions/1/answer", admin, []byte(`{"text":"年底"}`), "application/json", 200)
	check("get", "/questions", "/api/v1/questions", "", nil, "", 200)
	check("get", "/questions/{id}", "/api/v1/questions/1", "", nil, "", 200)
	reps, _ := f.st.Reports(ctx, report.ReportFilter{Year: 2024})
	check("post", "/rounds", "/api/v1/rounds", admin, []byte(`{"report_id":`+itoa(int(reps[0].ID))+`,"seats":2}`), "application/json", 201)
	check("post", "/rounds/{id}/{action}", "/api/v1/rounds/2/candidates", citizen, []byte(`{"title":"增开公交","text":"城东"}`), "application/json", 200)
	check("get", "/rounds", "/api/v1/rounds", "", nil, "", 200)
	check("get", "/rounds/{id}", "/api/v1/rounds/2", "", nil, "", 200)
	check("post", "/suggestions", "/api/v1/suggestions", admin, []byte(`{"kind":"建议","number":"1","title":"关于公交的建议","proposer":"王代表","unit":"区交通局"}`), "application/json", 201)
	check("post", "/suggestions/{id}/{action}", "/api/v1/suggestions/3/reply", admin, []byte(`{"text":"已办理"}`), "application/json", 200)
	check("get", "/suggestions", "/api/v1/suggestions", "", nil, "", 200)
	check("get", "/suggestions/{id}", "/api/v1/suggestions/3", "", nil, "", 200)
	check("post", "/tasks/{id}/follow", task+"/follow", citizen, []byte(`{"on":true}`), "application/json", 200)
	check("get", "/notifications", "/api/v1/notifications", citizen, nil, "", 200)
	check("get", "/audit", "/api/v1/audit", admin, nil, "", 200)
}

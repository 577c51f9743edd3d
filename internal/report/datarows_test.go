package report

import (
	"reflect"
	"testing"
)

func TestDataRows(t *testing.T) {
	var lines []int
	var rows [][]string
	for n, f := range DataRows("# a comment\nid\tname\n\n新建\t学校\t12所\n#\nlast") {
		lines, rows = append(lines, n), append(rows, f)
	}
	if want := []int{2, 4, 6}; !reflect.DeepEqual(lines, want) {
		t.Errorf("lines %v, want %v", lines, want)
	}
	if want := [][]string{{"id", "name"}, {"新建", "学校", "12所"}, {"last"}}; !reflect.DeepEqual(rows, want) {
		t.Errorf("rows %q, want %q", rows, want)
	}
	for range DataRows("a\nb\nc") {
		break // stopping early is allowed
	}
}

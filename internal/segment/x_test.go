package segment
import ("testing";"fmt";"os";"path/filepath";"github.com/baogao/baogao/internal/clean")
func TestX(t *testing.T){
 fs,_:=filepath.Glob("../../../shared/seeds/*.txt"); fs2,_:=filepath.Glob("../../../shared/corpus/0[012]*.txt")
 for _,f:=range append(fs,fs2...){ raw,_:=os.ReadFile(f); r,_:=clean.Clean(raw,"text",clean.Options{}); s:=r.Text.String()
  fmt.Println("==",filepath.Base(f))
  for _,sec:=range Split(s,0){ fmt.Printf("  %-10s %6d-%6d %s | %.40s\n",sec.Kind,sec.Start,sec.End,sec.Title, s[sec.Start:])}
 }
}

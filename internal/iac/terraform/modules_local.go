package terraform

import (
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// ModuleDirs lists the local module directories (sources starting with
// ./ or ../) that the .tf files of dir call, joined to dir. A scanner of
// many directories uses it to evaluate only root modules: a directory
// another one calls is evaluated through that call, with its inputs.
// Files that do not parse are skipped here; ParseDir reports them.
func ModuleDirs(dir string) []string {
	files, err := configFiles(dir)
	if err != nil {
		return nil
	}
	schema := &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "module", LabelNames: []string{"name"}}}}
	var out []string
	for _, f := range files {
		if !strings.HasSuffix(f, ".tf") {
			continue
		}
		src, err := readBounded(f)
		if err != nil {
			continue
		}
		file, diags := hclsyntax.ParseConfig(src, f, hcl.InitialPos)
		if diags.HasErrors() || file == nil {
			continue
		}
		content, _, _ := file.Body.PartialContent(schema)
		for _, b := range content.Blocks {
			attrs, _ := b.Body.JustAttributes()
			a, ok := attrs["source"]
			if !ok {
				continue
			}
			v, d := a.Expr.Value(nil)
			if d.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
				continue
			}
			s := v.AsString()
			if strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") {
				out = append(out, filepath.Join(dir, s))
			}
		}
	}
	return out
}

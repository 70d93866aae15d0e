package awsadapt

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/model"
)

// adapter builds the resources of one aws.* type.
type adapter struct {
	// Target is the aws.* type built.
	Target string
	// Consumes lists the source types read: Terraform and CloudFormation
	// names, main and satellite resources alike.
	Consumes []string
	Adapt    func(ix *Index) []*model.Resource
}

// adapters lists every adapter, one group per service family.
func adapters() []adapter {
	var out []adapter
	for _, g := range [][]adapter{s3Adapters(), storageAdapters(), iamAdapters(), networkAdapters(), loggingAdapters(), servicesAdapters(), snapshotAdapters()} {
		out = append(out, g...)
	}
	return out
}

// Result is what adaptation yields.
type Result struct {
	Resources []*model.Resource
	// Coverage has a "skipped" record per source type no adapter reads
	// and per satellite whose main resource the scope does not declare.
	Coverage []model.Coverage
}

// Options tune adaptation.
type Options struct {
	// AccountID is the AWS account the configuration deploys to, when the
	// user says (scan iac --aws-account-id). It decides which principals
	// of a role's trust policy are other accounts; unknown, an account
	// principal may be the deploying account itself and the trust's
	// external accounts are unread.
	AccountID string
}

// Adapt turns instances into aws.* resources.
func Adapt(instances []cloudres.Instance) Result { return AdaptWith(instances, Options{}) }

// AdaptWith is Adapt with options.
func AdaptWith(instances []cloudres.Instance, opts Options) Result {
	ix := newIndex(instances)
	ix.account = opts.AccountID
	var res Result
	consumed := map[string]bool{}
	for _, a := range adapters() {
		for _, t := range a.Consumes {
			consumed[t] = true
		}
		res.Resources = append(res.Resources, a.Adapt(ix)...)
	}
	// Orphan satellites naming their resource by a literal identifier
	// build it partially; the others are reported below.
	res.Resources = append(res.Resources, partials(ix, instances)...)
	skipped := map[string]map[string]bool{} // type -> files
	for i := range instances {
		in := &instances[i]
		if consumed[in.Type] || !isAWS(in.Type) {
			continue
		}
		if skipped[in.Type] == nil {
			skipped[in.Type] = map[string]bool{}
		}
		skipped[in.Type][in.File] = true
	}
	for _, t := range sortedKeys(skipped) {
		files := sortedKeys(skipped[t])
		res.Coverage = append(res.Coverage, model.Coverage{Scope: "iac-type:" + t, Status: model.CoverageSkipped,
			Reason: fmt.Sprintf("no rule reads %s yet; not evaluated (%s)", t, strings.Join(files, ", "))})
	}
	for i := range instances {
		if s, ok := ix.orphaned(&instances[i]); ok {
			res.Coverage = append(res.Coverage, orphanCoverage(&instances[i], s))
		}
	}
	return res
}

// AdaptedTypes lists the source types adapters read (for `vigil rules`).
func AdaptedTypes() map[string][]string {
	out := map[string][]string{}
	for _, a := range adapters() {
		out[a.Target] = append(out[a.Target], a.Consumes...)
	}
	return out
}

func isAWS(t string) bool { return strings.HasPrefix(t, "aws_") || strings.HasPrefix(t, "AWS::") }

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Index finds instances by type and address.
type Index struct {
	byType    map[string][]*cloudres.Instance
	byAddress map[string]*cloudres.Instance
	// links indexes, per satellite type and linking attribute, which
	// instances point at which target (by address) or name (by value),
	// so merging split resources stays linear in the scan's size.
	links map[[2]string]*linkIndex
	pos   map[*cloudres.Instance]int // position in the scan
	// claims records the satellite attributes adapters matched to a
	// main resource; the satellites left are orphans.
	claims map[claimKey]bool
	// account is Options.AccountID.
	account string
}

type linkIndex struct {
	byTarget map[*cloudres.Instance][]*cloudres.Instance
	byValue  map[string][]*cloudres.Instance // scope + "\x00" + value
}

func newIndex(instances []cloudres.Instance) *Index {
	ix := &Index{byType: map[string][]*cloudres.Instance{}, byAddress: map[string]*cloudres.Instance{}, links: map[[2]string]*linkIndex{}, pos: map[*cloudres.Instance]int{}, claims: map[claimKey]bool{}}
	for i := range instances {
		in := &instances[i]
		ix.byType[in.Type] = append(ix.byType[in.Type], in)
		ix.pos[in] = i
		ix.byAddress[scopeKey(in)+"#"+in.Address] = in
	}
	return ix
}

// OfType returns the instances of a source type.
func (ix *Index) OfType(t string) []*cloudres.Instance { return ix.byType[t] }

// Resolve returns the instance a Ref value points to, in the same scope
// (Terraform root or CloudFormation template) as from.
func (ix *Index) Resolve(from *cloudres.Instance, v any) (*cloudres.Instance, bool) {
	r, ok := v.(cloudres.Ref)
	if !ok {
		return nil, false
	}
	in, ok := ix.byAddress[scopeKey(from)+"#"+r.Address]
	return in, ok
}

// Satellites returns the instances of type t whose attribute attr links
// them to target: a Ref to target's address, or a known value equal to
// one of target's identifying values (e.g. the bucket name).
func (ix *Index) Satellites(t, attr string, target *cloudres.Instance, ids ...string) []*cloudres.Instance {
	li := ix.link(t, attr)
	out := append([]*cloudres.Instance(nil), li.byTarget[target]...)
	scope := scopeKey(target)
	for _, id := range ids {
		if id == "" {
			continue
		}
		for _, in := range li.byValue[scope+"\x00"+id] {
			if !slices.Contains(out, in) {
				out = append(out, in)
			}
		}
	}
	// Keep the source order, as a scan over the type would.
	slices.SortFunc(out, func(a, b *cloudres.Instance) int { return ix.pos[a] - ix.pos[b] })
	for _, in := range out {
		ix.claim(in, attr)
	}
	return out
}

func (ix *Index) link(t, attr string) *linkIndex {
	key := [2]string{t, attr}
	if li, ok := ix.links[key]; ok {
		return li
	}
	li := &linkIndex{byTarget: map[*cloudres.Instance][]*cloudres.Instance{}, byValue: map[string][]*cloudres.Instance{}}
	for _, in := range ix.byType[t] {
		v, ok := in.Get(attr)
		if !ok {
			continue
		}
		if to, ok := ix.Resolve(in, v); ok {
			li.byTarget[to] = append(li.byTarget[to], in)
			continue
		}
		if s, ok := v.(string); ok && s != "" {
			k := scopeKey(in) + "\x00" + s
			li.byValue[k] = append(li.byValue[k], in)
		}
	}
	ix.links[key] = li
	return li
}

// scopeKey is the evaluation unit an instance belongs to: the Terraform
// root module directory, or the template, plan or state file.
func scopeKey(in *cloudres.Instance) string {
	if in.Source != cloudres.Terraform {
		return in.File
	}
	if in.CallFile != "" {
		return filepath.Dir(in.CallFile)
	}
	return filepath.Dir(in.File)
}

// ID is the resource ID of an IaC resource: unique per scope and address.
func ID(in *cloudres.Instance) string { return "iac:" + scopeKey(in) + "#" + in.Address }

// builder reads an instance's values into a model shape, recording what
// is unknown and where each model attribute was set: its line, and its
// file when that is not the instance's (an override file, a satellite
// resource declared in another file).
type builder struct {
	in     *cloudres.Instance
	unread []string
	lines  map[string]int
	files  map[string]string
}

func newBuilder(in *cloudres.Instance) *builder { return &builder{in: in, lines: map[string]int{}} }

// place records that model attribute attr was set at file:line.
func (b *builder) place(attr, file string, line int) {
	b.lines[attr] = line
	if file == b.in.File {
		delete(b.files, attr)
		return
	}
	if b.files == nil {
		b.files = map[string]string{}
	}
	b.files[attr] = file
}

// locate records that model attribute attr was set where the instance
// writes path (or its nearest written parent).
func (b *builder) locate(attr, path string) {
	file, line := b.in.At(path)
	b.place(attr, file, line)
}

// locateFirst is locate unless attr was located already.
func (b *builder) locateFirst(attr, path string) {
	if _, set := b.lines[attr]; !set {
		b.locate(attr, path)
	}
}

// locateBlock records that model attribute attr was set by the resource
// block of sat, a satellite merged into the resource.
func (b *builder) locateBlock(attr string, sat *cloudres.Instance) {
	b.place(attr, sat.File, sat.Line)
}

// value returns the value at a source path; unknown (or an unresolved
// reference) marks attr unread and returns ok false; absent returns ok
// false without marking.
func (b *builder) value(path, attr string) (any, bool) {
	v, ok := b.in.Get(path)
	if !ok || v == nil {
		return nil, false
	}
	switch v.(type) {
	case cloudres.Unknown, cloudres.Ref:
		b.unknown(attr)
		return nil, false
	}
	if attr != "" {
		b.locateFirst(attr, path)
	}
	return v, true
}

// unknown marks attr as not decidable before deployment.
func (b *builder) unknown(attr string) {
	if attr != "" {
		b.unread = append(b.unread, attr)
	}
}

// str, boolean and integer read typed values (CloudFormation writes
// numbers and booleans as strings too).
func (b *builder) str(path, attr string) (string, bool) {
	v, ok := b.value(path, attr)
	if !ok {
		return "", false
	}
	switch x := v.(type) {
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case int:
		return strconv.Itoa(x), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	}
	return "", false
}

func (b *builder) boolean(path, attr string) (bool, bool) {
	v, ok := b.value(path, attr)
	if !ok {
		return false, false
	}
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		p, err := strconv.ParseBool(x)
		return p, err == nil
	}
	return false, false
}

func (b *builder) integer(path, attr string) (int64, bool) {
	v, ok := b.value(path, attr)
	if !ok {
		return 0, false
	}
	switch x := v.(type) {
	case int64:
		return x, true
	case float64:
		return int64(x), true
	case int:
		return int64(x), true
	case string:
		n, err := strconv.ParseInt(x, 10, 64)
		return n, err == nil
	}
	return 0, false
}

// list returns the list at path (a Terraform nested block or a
// CloudFormation list property).
func (b *builder) list(path, attr string) []any {
	v, ok := b.value(path, attr)
	if !ok {
		return nil
	}
	switch x := v.(type) {
	case []any:
		return x
	case map[string]any:
		// One nested block written as an object (Terraform JSON syntax).
		if b.in.Source != cloudres.CloudFormation {
			return []any{x}
		}
	}
	return nil
}

// policy parses a policy document given as a JSON string (Terraform,
// jsonencode output) or an object (CloudFormation); unknown or
// unparsable documents mark attr unread.
func (b *builder) policy(path, attr, owner string) *awsmodel.PolicyDocument {
	v, ok := b.value(path, attr)
	if !ok {
		return nil
	}
	var text string
	switch x := v.(type) {
	case string:
		text = x
	case map[string]any:
		// Values known only at deploy time inside the document (a
		// resource's ARN) become a placeholder the analysis never
		// matches, so principals, actions and conditions still count.
		text = mustJSON(markUnknown(x))
	default:
		b.unknown(attr)
		return nil
	}
	doc, err := awsmodel.ParsePolicy(text, owner)
	if err != nil {
		b.unknown(attr)
		return nil
	}
	return doc
}

// tags reads Terraform's tags map or CloudFormation's Key/Value list.
func (b *builder) tags(path string) map[string]string {
	v, ok := b.in.Get(path)
	if !ok {
		return nil
	}
	out := map[string]string{}
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if s, ok := val.(string); ok {
				out[k] = s
			}
		}
	case []any:
		for _, e := range x {
			m, _ := e.(map[string]any)
			k, _ := m["Key"].(string)
			val, _ := m["Value"].(string)
			if k != "" {
				out[k] = val
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// nameTag is the resource's Name tag, else its name label or logical ID:
// the name EC2 gives what it lists.
func (b *builder) nameTag() string {
	if n := b.tags(spell(b.in, "tags", "Tags"))["Name"]; n != "" {
		return n
	}
	return b.in.Name
}

// resource builds the model resource of type typ from shape.
func (b *builder) resource(typ, name string, shape any) *model.Resource {
	return b.derived(typ, ID(b.in), name, b.tags(spell(b.in, "tags", "Tags")), shape)
}

// derived builds a resource the instance implies rather than declares
// (its own ID, its own tags), located at the instance.
func (b *builder) derived(typ, id, name string, tags map[string]string, shape any) *model.Resource {
	t, ok := awsmodel.Lookup(typ)
	if !ok {
		panic("awsadapt: unmodelled type " + typ) // a programming error every test catches
	}
	src := model.Source{Kind: model.SourceIaC, File: b.in.File, Line: b.in.Line, Address: b.in.Address}
	if b.in.CallFile != "" {
		src.File, src.Line = b.in.CallFile, b.in.CallLine
		src.DefinedIn = &model.Location{File: b.in.File, Line: b.in.Line}
	}
	if len(b.lines) > 0 {
		src.Lines = b.lines
	}
	if len(b.files) > 0 {
		src.Files = b.files
	}
	return awsmodel.NewResource(t, awsmodel.Base{ID: id, Name: name, Tags: tags, Unread: b.unread, Source: src}, shape)
}

// spell is the one way adapters name what they read: tf is the name in
// Terraform (snake_case; an argument of a nested block, which is a list,
// is "block.0.argument"), cf the name in CloudFormation (PascalCase;
// properties nest without an index, "Property.Field"), and spell returns
// the one in's source uses. Arguments, nested paths and the types of
// satellite resources are all named this way, both names side by side
// where the value is read, so a search for either finds the adapter. An
// empty name says that source has no such argument. Code that reads one
// source only (a Terraform-only type, a branch on cfn) names it directly.
func spell(in *cloudres.Instance, tf, cf string) string {
	if cfn(in) {
		return cf
	}
	return tf
}

// cfn reports whether the instance comes from CloudFormation, for the
// adapters that read the two sources differently (not only by name).
func cfn(in *cloudres.Instance) bool { return in.Source == cloudres.CloudFormation }

// markUnknown copies a decoded document, writing Unknown and Ref leaves
// as cloudres.UnknownInDocument.
func markUnknown(v any) any {
	switch x := v.(type) {
	case cloudres.Unknown, cloudres.Ref:
		return cloudres.UnknownInDocument
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = markUnknown(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = markUnknown(e)
		}
		return out
	}
	return v
}

func hasUnknown(v any) bool {
	switch x := v.(type) {
	case cloudres.Unknown, cloudres.Ref:
		return true
	case map[string]any:
		for _, e := range x {
			if hasUnknown(e) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if hasUnknown(e) {
				return true
			}
		}
	}
	return false
}

package awsadapt

import (
	logstypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// logsMetricFilter reads a CloudWatch Logs metric filter.
func logsMetricFilter(ix *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "name", "FilterName"))
	f := logstypes.MetricFilter{FilterName: &name}
	b.setStr(&f.FilterPattern, spell(in, "pattern", "FilterPattern"), "filter_pattern")
	if g := logGroupName(ix, b, spell(in, "log_group_name", "LogGroupName")); g != "" {
		f.LogGroupName = &g
	}
	mt := spell(in, "metric_transformation", "MetricTransformations")
	for i := range b.list(mt, "metric_transformations") {
		p := mt + "." + itoa(i) + "."
		var m logstypes.MetricTransformation
		b.setStr(&m.MetricName, p+spell(in, "name", "MetricName"), "metric_transformations")
		b.setStr(&m.MetricNamespace, p+spell(in, "namespace", "MetricNamespace"), "metric_transformations")
		b.setStr(&m.MetricValue, p+spell(in, "value", "MetricValue"), "metric_transformations")
		f.MetricTransformations = append(f.MetricTransformations, m)
	}
	return name, awsmodel.LogsMetricFilter{MetricFilter: f}
}

// logGroupName reads a log group name, or the name of the log group a
// reference designates.
func logGroupName(ix *Index, b *builder, path string) string {
	v, ok := b.in.Get(path)
	if !ok {
		return ""
	}
	if to, ok := ix.Resolve(b.in, v); ok {
		b.locate("log_group_name", path)
		return labelOr(to, spell(to, "name", "LogGroupName"))
	}
	s, _ := b.str(path, "log_group_name")
	return s
}

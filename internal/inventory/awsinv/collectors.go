package awsinv

// Collectors lists every AWS collector, one group per service family.
func Collectors() []Collector {
	var out []Collector
	for _, group := range [][]Collector{s3Collectors(), iamCollectors(), ec2Collectors(), loggingCollectors(), servicesCollectors()} {
		out = append(out, group...)
	}
	return out
}

package awsadapt

import (
	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/model"
)

// iamGroupAdapter reads IAM groups with their policies.
func iamGroupAdapter() adapter {
	return adapter{Target: awsmodel.TypeIAMGroup, Consumes: iamEntitySources(),
		Adapt: func(ix *Index) []*model.Resource { return adaptIAMEntities(ix, iamGroupKind) }}
}

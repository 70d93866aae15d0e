package awsadapt

import (
	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/model"
)

// iamUserAdapter reads IAM users with their policies.
func iamUserAdapter() adapter {
	return adapter{Target: awsmodel.TypeIAMUser, Consumes: iamEntitySources(),
		Adapt: func(ix *Index) []*model.Resource { return adaptIAMEntities(ix, iamUserKind) }}
}

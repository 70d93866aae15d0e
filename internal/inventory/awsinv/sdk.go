package awsinv

import (
	"github.com/aws/smithy-go/middleware"

	"github.com/vigil-cspm/vigil/internal/model"
)

type smithyStack = middleware.Stack

type modelResource = model.Resource

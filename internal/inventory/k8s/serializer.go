package k8s

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
)

// rawSerializer lets a REST client send requests whose responses Vigil
// decodes itself (DoRaw); it never decodes into typed objects.
type rawSerializer struct{}

func (rawSerializer) SupportedMediaTypes() []runtime.SerializerInfo {
	return serializer.NewCodecFactory(runtime.NewScheme()).WithoutConversion().SupportedMediaTypes()
}

func (rawSerializer) EncoderForVersion(e runtime.Encoder, _ runtime.GroupVersioner) runtime.Encoder {
	return e
}

func (rawSerializer) DecoderToVersion(d runtime.Decoder, _ runtime.GroupVersioner) runtime.Decoder {
	return d
}

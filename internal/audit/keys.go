package audit

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
)

// PEM block types of the signing keys.
const (
	privateKeyType = "PRIVATE KEY" // PKCS #8
	publicKeyType  = "PUBLIC KEY"  // PKIX
)

// GenerateKey returns a new Ed25519 key pair as PEM: the PKCS #8
// private key and the PKIX public key.
func GenerateKey() (privPEM, pubPEM []byte, err error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("generate an Ed25519 key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, nil, err
	}
	pubPEM, err = EncodePublicKey(pub)
	if err != nil {
		return nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: privateKeyType, Bytes: der}), pubPEM, nil
}

// EncodePublicKey writes a public key as PKIX PEM.
func EncodePublicKey(pub ed25519.PublicKey) ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: publicKeyType, Bytes: der}), nil
}

// ParsePrivateKey reads an Ed25519 private key from PKCS #8 PEM.
func ParsePrivateKey(data []byte) (ed25519.PrivateKey, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("not a PEM file: want a PKCS #8 \"PRIVATE KEY\" block (vigil report keygen writes one)")
	}
	if block.Type != privateKeyType {
		return nil, fmt.Errorf("PEM block is %q: want a PKCS #8 \"PRIVATE KEY\" (vigil report keygen writes one)", block.Type)
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("read the PKCS #8 private key: %w", err)
	}
	priv, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("the private key is %T: evidence is signed with Ed25519 keys only", k)
	}
	return priv, nil
}

// ParsePublicKey reads an Ed25519 public key from PKIX PEM.
func ParsePublicKey(data []byte) (ed25519.PublicKey, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("not a PEM file: want a PKIX \"PUBLIC KEY\" block (the .pub file vigil report keygen writes)")
	}
	if block.Type != publicKeyType {
		return nil, fmt.Errorf("PEM block is %q: want a PKIX \"PUBLIC KEY\" (the .pub file vigil report keygen writes)", block.Type)
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("read the PKIX public key: %w", err)
	}
	pub, ok := k.(ed25519.PublicKey)
	if !ok {
		return nil, fmt.Errorf("the public key is %T: evidence is signed with Ed25519 keys only", k)
	}
	return pub, nil
}

// Fingerprint names a public key: "sha256:" and the hex SHA-256 of its
// PKIX DER form (what `openssl pkey -pubin -outform DER | sha256sum`
// prints).
func Fingerprint(pub ed25519.PublicKey) string {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(der)
	return "sha256:" + hex.EncodeToString(sum[:])
}

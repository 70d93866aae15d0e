variable "legacy_private_key" {
  type      = string
  sensitive = true
}

# An ELB certificate uploaded years ago and never replaced.
resource "aws_iam_server_certificate" "legacy" {
  name             = "legacy-example-com"
  private_key      = var.legacy_private_key
  certificate_body = <<-PEM
    -----BEGIN CERTIFICATE-----
    MIIBKDCB0KADAgECAgRcKq2AMAoGCCqGSM49BAMCMB0xGzAZBgNVBAMTEmxlZ2Fj
    eS5leGFtcGxlLmNvbTAeFw0xOTAxMDEwMDAwMDBaFw0yMDAxMDEwMDAwMDBaMB0x
    GzAZBgNVBAMTEmxlZ2FjeS5leGFtcGxlLmNvbTBZMBMGByqGSM49AgEGCCqGSM49
    AwEHA0IABLgP0ADh6IoPrlrpIx/2vE7AZsttAo07/9Zb2lJsUb8rZEHubYxaMTKL
    oip2QtYMjKVp1BFwB3v2y9sfyeBdt54wCgYIKoZIzj0EAwIDRwAwRAIgY5b8baG/
    5yM/zVGIUAPNG7kM+/Yhbh2uX1yYPQkE88MCIEucdCXiFKnCIe2iTaDlU1kYkYYC
    NPgrSwGDEvjE9zLH
    -----END CERTIFICATE-----
  PEM
}

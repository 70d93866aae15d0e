variable "api_private_key" {
  type      = string
  sensitive = true
}

resource "aws_iam_server_certificate" "api" {
  name             = "api-example-com"
  private_key      = var.api_private_key
  certificate_body = <<-PEM
    -----BEGIN CERTIFICATE-----
    MIIBJDCBzKADAgECAgRndIWAMAoGCCqGSM49BAMCMBoxGDAWBgNVBAMTD2FwaS5l
    eGFtcGxlLmNvbTAgFw0yNTAxMDEwMDAwMDBaGA8yMDk5MDEwMTAwMDAwMFowGjEY
    MBYGA1UEAxMPYXBpLmV4YW1wbGUuY29tMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcD
    QgAEuA/QAOHoig+uWukjH/a8TsBmy20CjTv/1lvaUmxRvytkQe5tjFoxMouiKnZC
    1gyMpWnUEXAHe/bL2x/J4F23njAKBggqhkjOPQQDAgNHADBEAiBODjl56sAVvnz8
    fq/udKMm5g3ffC66qduOKxVC3NzU0gIgFOsMHwwSXmYYIiou0+KzXGfdfvqNj+Ip
    RnfaMvOo5h0=
    -----END CERTIFICATE-----
  PEM
}

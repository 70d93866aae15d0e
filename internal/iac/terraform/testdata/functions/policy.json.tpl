{"bucket": "${bucket}", "prefixes": [%{ for p in prefixes ~}"${p}",%{ endfor ~}"end"]}

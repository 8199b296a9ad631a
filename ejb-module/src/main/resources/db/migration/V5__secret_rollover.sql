-- Client-secret rollover: when a RETIRING secret stops being tried (the end of its grace window), and why a staged
-- secret was refused (the provider's answer, never the secret).
ALTER TABLE client_credential ADD COLUMN retire_after TIMESTAMP WITH TIME ZONE;
ALTER TABLE client_credential ADD COLUMN failure VARCHAR(1000);
CREATE INDEX client_credential_retiring ON client_credential (state, retire_after);

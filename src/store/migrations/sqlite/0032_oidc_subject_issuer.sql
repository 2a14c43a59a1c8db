-- A single sign-on subject is unique at its issuer only (OpenID Connect Core 2, "sub"): links are
-- kept as "<issuer> <subject>" (src/actions/oidc.cc). Those made before name the issuer set up
-- now; with none set up, they go, and people link again by e-mail at their next sign-in.
UPDATE people SET oidc_subject = (SELECT issuer FROM oidc_settings WHERE id = 1) || ' ' || oidc_subject
WHERE oidc_subject IS NOT NULL;

-- Analytics read the posts, replies and reshares of a period (docs/design/analytics.md, "Network"
-- and "Engagement"): without this they read every post.
CREATE INDEX posts_created ON posts(created_at);

// Dates in tests are compared as UTC.
process.env.TZ = 'UTC'

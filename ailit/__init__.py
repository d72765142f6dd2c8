"""AI literacy course for teachers: course content -> build -> grade -> track -> report."""

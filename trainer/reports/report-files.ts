// The report files' names, in one place: writeReports writes them, and the
// HTML page points readers at them for what it leaves out.

export const REPORT_FILES = {
  csv: "anomalies_detected.csv",
  json: "anomalies_detailed.json",
  png: "anomaly_analysis.png",
  html: "report.html",
  incidents: "incidents.json",
} as const;

export { ReportForm } from './ReportForm.tsx';
export { MyReports } from './MyReports.tsx';

/**
 * What the Office.js documentation says of every Excel (and Office) API member the add-in uses:
 * its requirement set, the failures and limits the reference pages document, and the page.
 *
 * The fake host (api.ts) reads this table: a member whose requirement set is newer than the
 * host's is missing, and every limit listed here is enforced (test/excel-api/documented.test.ts
 * has a test per row that fails when the fake is lenient again). A test reads the members that
 * src/ uses with the TypeScript compiler and fails when one has no row here, or when a row's set
 * differs from the `[Api set: …]` of the office-js types.
 *
 * Where the documentation is silent the fake takes the stricter reading, marked "(stricter
 * reading)" below, and the add-in must work under it.
 */

export interface Documented {
  /** Requirement set, as on the reference page (`ExcelApi 1.4`); '' for Office common API members. */
  set: string;
  /** The reference page. */
  page: string;
  /** Documented failures and limits (quoted or close to the page), and the stricter readings taken. */
  limits?: string[];
}

const API = 'https://learn.microsoft.com/en-us/javascript/api';

/** The reference page of `Class.member` (`method` adds the `(1)` overload anchor). */
function ref(cls: string, member: string, kind: 'property' | 'method' = 'property'): string {
  const c = cls.toLowerCase();
  return `${API}/excel/excel.${c}#excel-excel-${c}-${member.toLowerCase()}-member${kind === 'method' ? '(1)' : ''}`;
}

function row(set: string, cls: string, member: string, kind: 'property' | 'method', limits?: string[]): Documented {
  return { set, page: ref(cls, member, kind), ...(limits ? { limits } : {}) };
}

/** Excel on the web: "payload size limit of 5 MB" for requests and responses (Resource limits page). */
export const PAYLOAD_LIMIT_BYTES = 5 * 1024 * 1024;
/** "Excel: … a range is limited to five million cells for get operations" (Resource limits page). */
export const GET_CELL_LIMIT = 5_000_000;
export const RESOURCE_LIMITS_PAGE = 'https://learn.microsoft.com/en-us/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins';
export const LARGE_RANGES_PAGE = 'https://learn.microsoft.com/en-us/office/dev/add-ins/excel/excel-add-ins-ranges-large';
export const NAME_RULES_PAGE = 'https://support.microsoft.com/en-us/office/names-in-formulas-fc2935f9-115d-4bef-a370-3aa8bb4c91f1';
export const ERROR_CODES_PAGE = 'https://learn.microsoft.com/en-us/office/dev/add-ins/excel/excel-add-ins-error-handling#api-error-codes';
export const NULL_OBJECT_PAGE = 'https://learn.microsoft.com/en-us/office/dev/add-ins/develop/application-specific-api-model#ornullobject-methods-and-properties';

const READ_LIMITS = [
  `Excel on the web: request and response payloads are limited to 5 MB (RequestPayloadSizeLimitExceeded / ResponsePayloadSizeLimitExceeded) — ${RESOURCE_LIMITS_PAGE}`,
  `get operations are limited to five million cells — ${LARGE_RANGES_PAGE}`,
];
const NULL_CHAIN = `methods of a null object (an *OrNullObject result that does not exist) fail the sync with InvalidObjectPath (stricter reading: the page ${NULL_OBJECT_PAGE} only says to check isNullObject after a sync)`;

export const DOCUMENTED: Record<string, Documented> = {
  // --- Office common API --------------------------------------------------------------------
  'Office.onReady': { set: '', page: `${API}/office#office-office-onready-function(1)` },
  'Office.context': { set: '', page: `${API}/office/office.context` },
  'Office.HostType': { set: '', page: `${API}/office/office.hosttype` },
  'Office.Excel': { set: '', page: `${API}/office/office.hosttype#office-office-hosttype-excel-member` },
  'Office.host': { set: '', page: `${API}/office#office-office-onready-function(1)` },
  'Office.PlatformType': { set: '', page: `${API}/office/office.platformtype` },
  'Context.requirements': { set: '', page: `${API}/office/office.context#office-office-context-requirements-member` },
  'Context.diagnostics': { set: '', page: `${API}/office/office.context#office-office-context-diagnostics-member` },
  'ContextInformation.platform': { set: '', page: `${API}/office/office.contextinformation#office-office-contextinformation-platform-member` },
  'RequirementSetSupport.isSetSupported': { set: '', page: `${API}/office/office.requirementsetsupport#office-office-requirementsetsupport-issetsupported-member(1)` },
  'ClientObject.isNullObject': {
    set: '',
    page: `${API}/office/officeextension.clientobject#officeextension-officeextension-clientobject-isnullobject-member`,
    limits: ['"You must call context.sync() before reading the isNullObject property."', NULL_CHAIN],
  },
  'ClientRequestContext.sync': {
    set: '',
    page: `${API}/office/officeextension.clientrequestcontext#officeextension-officeextension-clientrequestcontext-sync-member(1)`,
    limits: [...READ_LIMITS, 'the first queued failure rejects the sync (its code: ItemNotFound, InvalidArgument, InvalidOperation, InvalidObjectPath, ApiNotFound …)'],
  },
  'ClientResult.value': {
    set: '',
    page: `${API}/office/officeextension.clientresult#officeextension-officeextension-clientresult-value-member`,
    limits: ['readable only after the sync (PropertyNotLoaded before)'],
  },
  'EventHandlers.add': { set: '', page: `${API}/office/officeextension.eventhandlers#officeextension-officeextension-eventhandlers-add-member(1)` },
  'EventHandlerResult.remove': { set: '', page: `${API}/office/officeextension.eventhandlerresult#officeextension-officeextension-eventhandlerresult-remove-member(1)` },

  // --- Excel --------------------------------------------------------------------------------
  'Excel.run': { set: 'ExcelApi 1.1', page: `${API}/excel#excel-excel-run-function(1)` },
  'Excel.createWorkbook': {
    set: 'ExcelApi 1.8',
    page: `${API}/excel#excel-excel-createworkbook-function(1)`,
    limits: ['requires ExcelApi 1.8', 'the base64 string of an .xlsx file; the new workbook opens in a new window (Excel on the web: a new tab)'],
  },
  'RequestContext.workbook': { set: 'ExcelApi 1.1', page: `${API}/excel/excel.requestcontext#excel-excel-requestcontext-workbook-member` },
  'Workbook.worksheets': row('ExcelApi 1.1', 'Workbook', 'worksheets', 'property'),
  'Workbook.names': row('ExcelApi 1.1', 'Workbook', 'names', 'property'),

  'WorksheetCollection.load': { set: '', page: ref('WorksheetCollection', 'load', 'method') },
  'WorksheetCollection.items': { set: '', page: ref('WorksheetCollection', 'items') },
  'WorksheetCollection.getItem': row('ExcelApi 1.1', 'WorksheetCollection', 'getItem', 'method', ['a missing sheet fails the sync with ItemNotFound']),
  'WorksheetCollection.getItemOrNullObject': row('ExcelApi 1.4', 'WorksheetCollection', 'getItemOrNullObject', 'method', [NULL_CHAIN]),
  'WorksheetCollection.getActiveWorksheet': row('ExcelApi 1.1', 'WorksheetCollection', 'getActiveWorksheet', 'method'),
  'WorksheetCollection.add': row('ExcelApi 1.1', 'WorksheetCollection', 'add', 'method', [
    'a name in use fails with ItemAlreadyExists',
    'sheet names: at most 31 characters, none of \\ / ? * [ ] :, not blank, not starting or ending with an apostrophe (InvalidArgument)',
  ]),

  'Worksheet.name': row('ExcelApi 1.1', 'Worksheet', 'name', 'property'),
  'Worksheet.visibility': row('ExcelApi 1.1', 'Worksheet', 'visibility', 'property', ['the last visible sheet cannot be hidden (InvalidOperation; stricter reading)']),
  'Worksheet.delete': row('ExcelApi 1.1', 'Worksheet', 'delete', 'method', [
    '"if the worksheet\'s visibility is set to "VeryHidden", the delete operation will fail with an InvalidOperation exception. You should first change its visibility to hidden or visible before deleting it."',
    'the last visible sheet cannot be deleted (InvalidOperation; stricter reading)',
  ]),
  'Worksheet.activate': row('ExcelApi 1.1', 'Worksheet', 'activate', 'method', ['a hidden or very hidden sheet cannot be activated (InvalidOperation; stricter reading)']),
  'Worksheet.getRange': row('ExcelApi 1.1', 'Worksheet', 'getRange', 'method', ['an address that is not a range fails with InvalidArgument']),
  'Worksheet.getRanges': row('ExcelApi 1.9', 'Worksheet', 'getRanges', 'method'),
  'Worksheet.getUsedRangeOrNullObject': row('ExcelApi 1.4', 'Worksheet', 'getUsedRangeOrNullObject', 'method', ['a null object when the sheet is blank']),
  'Worksheet.freezePanes': row('ExcelApi 1.7', 'Worksheet', 'freezePanes', 'property'),
  'WorksheetFreezePanes.freezeRows': row('ExcelApi 1.7', 'WorksheetFreezePanes', 'freezeRows', 'method'),
  'Worksheet.pageLayout': row('ExcelApi 1.9', 'Worksheet', 'pageLayout', 'property'),
  'Worksheet.onChanged': row('ExcelApi 1.7', 'Worksheet', 'onChanged', 'property', [
    'fires for changes made by the user and by add-ins (details.source tells which: Local or Remote); the handler runs outside the batch that registered it',
  ]),
  'WorksheetChangedEventArgs.address': row('ExcelApi 1.7', 'WorksheetChangedEventArgs', 'address', 'property'),
  'WorksheetChangedEventArgs.worksheetId': row('ExcelApi 1.7', 'WorksheetChangedEventArgs', 'worksheetId', 'property'),

  'PageLayout.orientation': row('ExcelApi 1.9', 'PageLayout', 'orientation', 'property'),
  'PageLayout.paperSize': row('ExcelApi 1.9', 'PageLayout', 'paperSize', 'property'),
  'PageLayout.centerHorizontally': row('ExcelApi 1.9', 'PageLayout', 'centerHorizontally', 'property'),
  'PageLayout.zoom': row('ExcelApi 1.9', 'PageLayout', 'zoom', 'property', ['a host may refuse a page-layout value (the add-in reports it)']),
  'PageLayout.setPrintTitleRows': row('ExcelApi 1.9', 'PageLayout', 'setPrintTitleRows', 'method'),

  'Range.load': { set: '', page: ref('Range', 'load', 'method'), limits: READ_LIMITS },
  'Range.address': row('ExcelApi 1.1', 'Range', 'address', 'property'),
  'Range.values': row('ExcelApi 1.1', 'Range', 'values', 'property', [
    ...READ_LIMITS,
    'a written array must have the range\'s dimensions (InvalidArgument)',
    'writing a value into a merged area other than its top-left cell fails (InvalidOperation; stricter reading)',
  ]),
  'Range.numberFormat': row('ExcelApi 1.1', 'Range', 'numberFormat', 'property', READ_LIMITS),
  'Range.rowCount': row('ExcelApi 1.1', 'Range', 'rowCount', 'property'),
  'Range.columnCount': row('ExcelApi 1.1', 'Range', 'columnCount', 'property'),
  'Range.rowIndex': row('ExcelApi 1.1', 'Range', 'rowIndex', 'property'),
  'Range.columnIndex': row('ExcelApi 1.1', 'Range', 'columnIndex', 'property'),
  'Range.format': row('ExcelApi 1.1', 'Range', 'format', 'property'),
  'Range.merge': row('ExcelApi 1.2', 'Range', 'merge', 'method', ['a merge overlapping another merged area fails (InvalidOperation; stricter reading)']),
  'Range.unmerge': row('ExcelApi 1.2', 'Range', 'unmerge', 'method'),
  'Range.select': row('ExcelApi 1.1', 'Range', 'select', 'method', ['a range on a hidden sheet cannot be selected (InvalidOperation; stricter reading)']),
  'Range.clear': row('ExcelApi 1.1', 'Range', 'clear', 'method'),
  'Range.getUsedRangeOrNullObject': row('ExcelApi 1.4', 'Range', 'getUsedRangeOrNullObject', 'method', ['a null object when the range holds nothing']),
  'Range.getCellProperties': row('ExcelApi 1.9', 'Range', 'getCellProperties', 'method', READ_LIMITS),
  'Range.dataValidation': row('ExcelApi 1.8', 'Range', 'dataValidation', 'property'),
  'CellPropertiesFormat.fill': { set: 'ExcelApi 1.9', page: `${API}/excel/excel.cellpropertiesformat#excel-excel-cellpropertiesformat-fill-member` },
  'CellPropertiesFill.color': { set: 'ExcelApi 1.9', page: `${API}/excel/excel.cellpropertiesfill#excel-excel-cellpropertiesfill-color-member` },
  'CellPropertiesFill.pattern': { set: 'ExcelApi 1.9', page: `${API}/excel/excel.cellpropertiesfill#excel-excel-cellpropertiesfill-pattern-member` },
  'SettableCellProperties.format': { set: 'ExcelApi 1.9', page: `${API}/excel/excel.settablecellproperties#excel-excel-settablecellproperties-format-member` },

  'RangeAreas.select': row('ExcelApi 1.18', 'RangeAreas', 'select', 'method'),

  'RangeFormat.columnWidth': row('ExcelApi 1.2', 'RangeFormat', 'columnWidth', 'property'),
  'RangeFormat.rowHeight': row('ExcelApi 1.2', 'RangeFormat', 'rowHeight', 'property'),
  'RangeFormat.horizontalAlignment': row('ExcelApi 1.1', 'RangeFormat', 'horizontalAlignment', 'property'),
  'RangeFormat.verticalAlignment': row('ExcelApi 1.1', 'RangeFormat', 'verticalAlignment', 'property'),
  'RangeFormat.wrapText': row('ExcelApi 1.1', 'RangeFormat', 'wrapText', 'property'),
  'RangeFormat.font': row('ExcelApi 1.1', 'RangeFormat', 'font', 'property'),
  'RangeFormat.fill': row('ExcelApi 1.1', 'RangeFormat', 'fill', 'property'),
  'RangeFormat.borders': row('ExcelApi 1.1', 'RangeFormat', 'borders', 'property'),
  'RangeFont.name': row('ExcelApi 1.1', 'RangeFont', 'name', 'property'),
  'RangeFont.size': row('ExcelApi 1.1', 'RangeFont', 'size', 'property'),
  'RangeFont.bold': row('ExcelApi 1.1', 'RangeFont', 'bold', 'property'),
  'RangeFont.color': row('ExcelApi 1.1', 'RangeFont', 'color', 'property'),
  'RangeFill.load': { set: '', page: ref('RangeFill', 'load', 'method') },
  'RangeFill.color': row('ExcelApi 1.1', 'RangeFill', 'color', 'property', ['"no fill" reads as #FFFFFF before ExcelApi 1.9 gives the pattern']),
  'RangeFill.clear': row('ExcelApi 1.1', 'RangeFill', 'clear', 'method'),
  'RangeBorderCollection.getItem': row('ExcelApi 1.1', 'RangeBorderCollection', 'getItem', 'method', [
    'InsideHorizontal on a one-row range and InsideVertical on a one-column range name edges the range does not have (InvalidArgument; stricter reading)',
  ]),
  'RangeBorder.style': row('ExcelApi 1.1', 'RangeBorder', 'style', 'property'),
  'RangeBorder.color': row('ExcelApi 1.1', 'RangeBorder', 'color', 'property'),

  'DataValidation.clear': row('ExcelApi 1.8', 'DataValidation', 'clear', 'method'),
  'DataValidation.rule': row('ExcelApi 1.8', 'DataValidation', 'rule', 'property'),
  'DataValidation.errorAlert': row('ExcelApi 1.8', 'DataValidation', 'errorAlert', 'property'),

  'NamedItemCollection.load': { set: '', page: ref('NamedItemCollection', 'load', 'method') },
  'NamedItemCollection.items': { set: '', page: ref('NamedItemCollection', 'items') },
  'NamedItemCollection.add': row('ExcelApi 1.4', 'NamedItemCollection', 'add', 'method', [
    `Excel's name rules (${NAME_RULES_PAGE}): first character a letter, _ or \\; then letters, digits, . and _; no spaces; not a cell reference (A1 … XFD1048576, R1C1 forms); not C, c, R or r; at most 255 characters (InvalidArgument)`,
    'TRUE and FALSE are refused (stricter reading)',
    'a name in use (case-insensitive) fails with ItemAlreadyExists',
  ]),
  'NamedItemCollection.getItem': row('ExcelApi 1.1', 'NamedItemCollection', 'getItem', 'method', ['a missing name fails the sync with ItemNotFound']),
  'NamedItemCollection.getItemOrNullObject': row('ExcelApi 1.4', 'NamedItemCollection', 'getItemOrNullObject', 'method', [NULL_CHAIN]),
  'NamedItem.name': row('ExcelApi 1.1', 'NamedItem', 'name', 'property'),
  'NamedItem.type': row('ExcelApi 1.1', 'NamedItem', 'type', 'property', ['"Error" for a name whose reference is #REF!']),
  'NamedItem.value': row('ExcelApi 1.1', 'NamedItem', 'value', 'property'),
  'NamedItem.delete': row('ExcelApi 1.4', 'NamedItem', 'delete', 'method'),
  'NamedItem.getRangeOrNullObject': row('ExcelApi 1.4', 'NamedItem', 'getRangeOrNullObject', 'method', ['a null object when the name is not a range']),
};

/** The row of a member, or undefined (the members test fails on members without a row). */
export function documented(member: string): Documented | undefined {
  return Object.prototype.hasOwnProperty.call(DOCUMENTED, member) ? DOCUMENTED[member] : undefined;
}

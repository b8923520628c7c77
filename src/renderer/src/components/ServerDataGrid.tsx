import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import { Box, InputAdornment, Stack, TextField, type SxProps, type Theme } from '@mui/material';
import SearchIcon from '@mui/icons-material/Search';
import {
  DataGrid,
  GridFooterContainer,
  GridPagination,
  type GridColDef,
  type GridColumnVisibilityModel,
  type GridPaginationModel,
  type GridRowId,
  type GridRowSelectionModel,
  type GridSortModel,
  type GridValidRowModel,
} from '@mui/x-data-grid';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { PageQuery } from '../../../shared/api/common';

/** What a parent may ask of the grid. */
export interface ServerDataGridApi<Row> {
  /** Starts loading the first page of another data set now (e.g. on a tab click), before it renders. */
  prefetch(queryKey: readonly unknown[], fetchPage: (query: Required<PageQuery>) => Promise<{ rows: Row[]; total: number }>): void;
}

export interface ServerDataGridProps<Row extends GridValidRowModel> {
  /** Identifies the data; the page, sort and search are added to it. */
  queryKey: readonly unknown[];
  fetchPage: (query: Required<PageQuery>) => Promise<{ rows: Row[]; total: number }>;
  columns: GridColDef<Row>[];
  label: string;
  searchPlaceholder?: string;
  searchWidth?: number;
  onOpen?: (row: Row) => void;
  checkboxSelection?: boolean;
  onSelectionChange?: (ids: GridRowId[], rows: Row[]) => void;
  toolbar?: ReactNode;
  empty?: ReactNode;
  /** Lets a parent know what the grid shows (for CSV export of the current view). */
  onQueryChange?: (query: Required<PageQuery>) => void;
  /** The rows the grid shows now (the current page), e.g. for CSV export of the view, and how many the view holds. */
  onRowsChange?: (rows: Row[], total: number) => void;
  height?: number | string;
  /** Change it to clear the selection (e.g. after a bulk action). */
  clearSelection?: number;
  apiRef?: RefObject<ServerDataGridApi<Row> | null>;
  /** Which columns show (the columns menu changes it); every column when not given. */
  columnVisibilityModel?: GridColumnVisibilityModel;
  onColumnVisibilityModelChange?: (model: GridColumnVisibilityModel) => void;
  /** Styles for the grid itself (e.g. tighter cells). */
  gridSx?: SxProps<Theme>;
  /**
   * The page, page size, sort and search held by the parent (e.g. in the address): the grid shows
   * them and reports each change to onViewChange instead of keeping its own.
   */
  view?: GridView;
  onViewChange?: (view: GridView) => void;
  /** Shown at the left of the grid's footer (e.g. the view's count and amount). */
  footerInfo?: ReactNode;
}

export interface GridView {
  page: number;
  pageSize: number;
  sort: Array<{ field: string; sort: 'asc' | 'desc' }>;
  search: string;
}

const FooterInfo = createContext<ReactNode>(null);
/** The grid's footer: the parent's information on the left, the pagination on the right. */
function Footer() {
  const info = useContext(FooterInfo);
  return (
    <GridFooterContainer>
      <Box sx={{ px: 1.5, fontSize: 13, minWidth: 0 }} data-testid="grid-footer-info">
        {info}
      </Box>
      <GridPagination />
    </GridFooterContainer>
  );
}
const FOOTER_SLOTS = { footer: Footer };

// One empty array, so "no data yet" does not look like a new list on every render.
const NO_ROWS: never[] = [];
const PAGE_SIZES = [25, 50, 100];
// A thin bar while loading, also when no rows are shown yet (the default skeleton costs a full render).
const LOADING_SLOT = { loadingOverlay: { variant: 'linear-progress', noRowsVariant: 'linear-progress' } } as const;

// The window's scrollbar width, measured once per zoom level. Left to itself the grid measures it
// again (a forced layout of the whole page) each time its rows go from none to some, on every tab.
let scrollbar: { ratio: number; size: number } | null = null;
function scrollbarSize(): number {
  if (scrollbar && scrollbar.ratio === window.devicePixelRatio) return scrollbar.size;
  const probe = document.createElement('div');
  probe.style.cssText = 'position:absolute;top:-200px;width:100px;height:100px;overflow:scroll';
  document.body.appendChild(probe);
  const size = probe.offsetWidth - probe.clientWidth;
  probe.remove();
  scrollbar = { ratio: window.devicePixelRatio, size };
  return size;
}

/**
 * MUI X DataGrid in server-side mode: paging, sorting and search run in the core; the grid only
 * shows one page. Keyboard: arrows move between cells, Enter on a row opens it.
 */
export function ServerDataGrid<Row extends GridValidRowModel>(props: ServerDataGridProps<Row>) {
  const [ownPagination, setOwnPagination] = useState<GridPaginationModel>({ page: 0, pageSize: 50 });
  const [ownSort, setOwnSort] = useState<GridSortModel>([]);
  const [ownSearch, setOwnSearch] = useState('');
  const { view, onViewChange } = props;
  const controlled = !!view && !!onViewChange;
  const [searchText, setSearchText] = useState(view?.search ?? '');
  const [selection, setSelection] = useState<GridRowSelectionModel>({ type: 'include', ids: new Set() });

  // A view held by the parent wins over the grid's own state; every change goes to the parent.
  const viewRef = useRef(view);
  viewRef.current = view;
  const pagination = useMemo<GridPaginationModel>(
    () => (view && controlled ? { page: view.page, pageSize: view.pageSize } : ownPagination),
    [controlled, view?.page, view?.pageSize, ownPagination],
  );
  const sortModel = useMemo<GridSortModel>(() => (view && controlled ? view.sort : ownSort), [controlled, view?.sort, ownSort]);
  const search = view && controlled ? view.search : ownSearch;
  const setPagination = useCallback(
    (update: GridPaginationModel | ((p: GridPaginationModel) => GridPaginationModel)) => {
      const v = viewRef.current;
      if (v && onViewChange) {
        const next = typeof update === 'function' ? update({ page: v.page, pageSize: v.pageSize }) : update;
        if (next.page !== v.page || next.pageSize !== v.pageSize) onViewChange({ ...v, page: next.pageSize !== v.pageSize ? 0 : next.page, pageSize: next.pageSize });
      } else setOwnPagination(update);
    },
    [onViewChange],
  );
  const setSortModel = useCallback(
    (model: GridSortModel) => {
      const v = viewRef.current;
      if (v && onViewChange) onViewChange({ ...v, page: 0, sort: model.filter((m) => m.sort).map((m) => ({ field: m.field, sort: m.sort as 'asc' | 'desc' })) });
      else setOwnSort(model);
    },
    [onViewChange],
  );
  // The address changed the search (Back, a saved view): the box shows it.
  useEffect(() => {
    if (view && controlled) setSearchText((t) => (t.trim() === view.search ? t : view.search));
  }, [controlled, view?.search]);

  // Search as the user types, without a query per keystroke.
  useEffect(() => {
    const t = window.setTimeout(() => {
      const text = searchText.trim();
      const v = viewRef.current;
      if (v && onViewChange) {
        if (text !== v.search) onViewChange({ ...v, search: text, page: 0 });
        return;
      }
      setOwnSearch(text);
      setOwnPagination((p) => ({ ...p, page: 0 }));
    }, 250);
    return () => window.clearTimeout(t);
  }, [searchText, onViewChange]);

  const query = useMemo<Required<PageQuery>>(
    () => ({
      page: pagination.page,
      pageSize: pagination.pageSize,
      sort: sortModel.filter((s) => s.sort).map((s) => ({ field: s.field, sort: s.sort as 'asc' | 'desc' })),
      search,
    }),
    [pagination, sortModel, search],
  );
  const { onQueryChange } = props;
  useEffect(() => {
    onQueryChange?.(query);
  }, [query, onQueryChange]);

  // While the next page, sort or search loads, the grid keeps showing the current rows; another
  // data set (tab, period, filter) does not borrow this one's rows (they would be the wrong ones).
  const dataKey = JSON.stringify(props.queryKey);
  const data = useQuery({
    queryKey: [...props.queryKey, query],
    queryFn: () => props.fetchPage(query),
    placeholderData: (previous, previousQuery) =>
      previousQuery && JSON.stringify(previousQuery.queryKey.slice(0, -1)) === dataKey ? previous : undefined,
  });
  const rows: Row[] = data.data?.rows ?? NO_ROWS;

  // A new data set opens on its first page with the same page size, sort and search: the query
  // prefetched here is the one the grid will ask for, so it is already on its way.
  const client = useQueryClient();
  const queryRef = useRef(query);
  queryRef.current = query;
  const { apiRef } = props;
  useEffect(() => {
    if (!apiRef) return;
    apiRef.current = {
      prefetch: (queryKey, fetchPage) => {
        const first = { ...queryRef.current, page: 0 };
        void client.prefetchQuery({ queryKey: [...queryKey, first], queryFn: () => fetchPage(first) });
      },
    };
  }, [apiRef, client]);
  const { onRowsChange } = props;
  const total = data.data?.total ?? 0;
  useEffect(() => {
    onRowsChange?.(rows, total);
  }, [rows, total, onRowsChange]);

  // A new data set (other tab, period or filter) starts with nothing selected.
  // (Updates that change nothing return the same state, so React skips the extra render.)
  useEffect(() => {
    setSelection((s) => (s.type === 'include' && s.ids.size === 0 ? s : { type: 'include', ids: new Set() }));
    // A parent that holds the view chooses the page itself (the address may open on page 3).
    if (!controlled) setOwnPagination((p) => (p.page === 0 ? p : { ...p, page: 0 }));
  }, [dataKey]);
  useEffect(() => {
    if (props.clearSelection) setSelection((s) => (s.type === 'include' && s.ids.size === 0 ? s : { type: 'include', ids: new Set() }));
  }, [props.clearSelection]);

  const { onSelectionChange } = props;
  const reported = useRef('');
  useEffect(() => {
    if (!onSelectionChange) return;
    // "Select all" gives { type: 'exclude', ids: <the rows left out> }: only shown rows can be selected.
    const chosen = rows.filter((r) => selection.ids.has(r.id as GridRowId) === (selection.type === 'include'));
    // Told only when the selected rows change (id or version), so new data alone does not re-render the parent.
    const key = chosen.map((r) => `${r.id}:${r.version ?? ''}`).join(',');
    if (key === reported.current) return;
    reported.current = key;
    onSelectionChange(chosen.map((r) => r.id as GridRowId), chosen);
  }, [selection, rows, onSelectionChange]);

  // Stable handlers keep the (memoized) DataGrid from re-rendering when only the parent does.
  const openRef = useRef(props.onOpen);
  useEffect(() => {
    openRef.current = props.onOpen;
  });
  const onRowDoubleClick = useCallback((p: { row: Row }) => openRef.current?.(p.row), []);
  const onCellKeyDown = useCallback((p: { row: Row }, e: { key: string; preventDefault: () => void }) => {
    if (e.key === 'Enter' && openRef.current) {
      e.preventDefault();
      openRef.current(p.row);
    }
  }, []);

  const showEmpty = !data.isLoading && data.data?.total === 0 && !search && props.empty;

  return (
    <Stack spacing={1} sx={{ height: props.height ?? '100%', minHeight: 0 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <TextField
          placeholder={props.searchPlaceholder ?? 'Search'}
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          sx={{ width: props.searchWidth ?? 340 }}
          slotProps={{
            input: { startAdornment: <InputAdornment position="start"><SearchIcon fontSize="small" /></InputAdornment> },
            htmlInput: { 'aria-label': `Search ${props.label}` },
          }}
        />
        <Box sx={{ flex: 1 }} />
        {props.toolbar}
      </Stack>
      {showEmpty ? (
        props.empty
      ) : (
        // data-state says when the rows shown are the current query's (not the previous page's
        // kept while loading): the benchmark and tests wait for "ready".
        <Box sx={{ flex: 1, minHeight: 300, bgcolor: 'background.paper' }} data-state={data.isPlaceholderData || data.isLoading ? 'loading' : 'ready'}>
          <FooterInfo.Provider value={props.footerInfo ?? null}>
          <DataGrid
            aria-label={props.label}
            rows={rows}
            columns={props.columns}
            rowCount={data.data?.total ?? 0}
            loading={data.isFetching}
            slotProps={LOADING_SLOT}
            paginationMode="server"
            sortingMode="server"
            filterMode="server"
            disableColumnFilter
            paginationModel={pagination}
            onPaginationModelChange={setPagination}
            pageSizeOptions={PAGE_SIZES}
            sortModel={sortModel}
            onSortModelChange={setSortModel}
            checkboxSelection={props.checkboxSelection}
            keepNonExistentRowsSelected={false}
            rowSelectionModel={selection}
            onRowSelectionModelChange={setSelection}
            disableRowSelectionOnClick
            // A parent that takes the selection says what is selected itself (e.g. "All 40 in All").
            hideFooterSelectedRowCount={!!props.onSelectionChange}
            scrollbarSize={scrollbarSize()}
            density="compact"
            onRowDoubleClick={onRowDoubleClick}
            onCellKeyDown={onCellKeyDown}
            columnVisibilityModel={props.columnVisibilityModel}
            onColumnVisibilityModelChange={props.onColumnVisibilityModelChange}
            sx={props.gridSx}
            slots={props.footerInfo === undefined ? undefined : FOOTER_SLOTS}
          />
          </FooterInfo.Provider>
        </Box>
      )}
    </Stack>
  );
}

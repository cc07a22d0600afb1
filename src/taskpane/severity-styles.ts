/** The severity badge (错误 / 警告 / 提示) of an issue, as the task pane and the checker page show it. */
import { tokens } from '@fluentui/react-components';

export const SEVERITY_BADGE_STYLES = {
  badge: { display: 'inline-block', padding: '0 6px', borderRadius: tokens.borderRadiusSmall, fontSize: tokens.fontSizeBase100, fontWeight: tokens.fontWeightSemibold },
  error: { backgroundColor: tokens.colorPaletteRedBackground1, color: tokens.colorPaletteRedForeground1 },
  warning: { backgroundColor: tokens.colorPaletteYellowBackground1, color: tokens.colorPaletteDarkOrangeForeground1 },
  info: { backgroundColor: tokens.colorPaletteBlueBackground2, color: tokens.colorPaletteBlueForeground2 },
} as const;

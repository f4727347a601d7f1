# Translations: .ts files live in translations/; the console embeds the compiled .qm files under :/i18n.
# `cmake --build <dir> --target update_translations` refreshes the .ts files from the sources (lupdate over
# core, ui and app; -locations none keeps diffs small).
set(PD_TS_FILES ${PROJECT_SOURCE_DIR}/translations/paydesk_zh_CN.ts ${PROJECT_SOURCE_DIR}/translations/paydesk_en.ts)
qt_add_lrelease(paydesk TS_FILES ${PD_TS_FILES} QM_FILES_OUTPUT_VARIABLE PD_QM_FILES)
qt_add_resources(paydesk "i18n" PREFIX "/i18n" BASE ${CMAKE_CURRENT_BINARY_DIR} FILES ${PD_QM_FILES})
add_custom_target(update_translations
    COMMAND Qt6::lupdate -I ${PROJECT_SOURCE_DIR} -locations none -no-obsolete ${PROJECT_SOURCE_DIR}/core ${PROJECT_SOURCE_DIR}/ui
            ${PROJECT_SOURCE_DIR}/app -ts ${PD_TS_FILES}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    COMMENT "Updating translations/*.ts")

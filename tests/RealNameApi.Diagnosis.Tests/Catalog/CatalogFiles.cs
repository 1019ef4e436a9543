namespace RealNameApi.Diagnosis.Tests;

/// <summary>Small, valid platform files for catalog tests, to break one field at a time.</summary>
internal static class CatalogFiles
{
    public static string Minimal(string id) => $$"""
        platform:
          id: {{id}}
          display_name: {zh: 演示平台, en: Demo platform}
          verification_method: {zh: 人脸识别, en: Face scan}
          source_document: demo-source
          match_threshold: 0.65
          unknown:
            title: {zh: 未知, en: Unknown}
            summary: {zh: 未能识别。, en: Not recognised.}
            steps:
              - text: {zh: 重试。, en: Retry.}
        rules:
          - id: {{id}}.first
            section: "1"
            category: FACE_MISMATCH
            outcome: FIX_AND_RETRY
            known_messages:
              - 人脸不一致
            codes: []
            patterns:
              - all: [人脸, 不对]
            title: {zh: 人脸不一致, en: Face mismatch}
            summary: {zh: 人脸不一致。, en: The face did not match.}
            steps:
              - text: {zh: 重新刷脸。, en: Scan your face again.}
            retry: {basis: IMMEDIATE}
          - id: {{id}}.second
            section: "2"
            category: DATA_SYNC
            outcome: WAIT_THEN_RETRY
            known_messages:
              - 数据未同步
            title: {zh: 数据未同步, en: Data not synchronised}
            summary: {zh: 数据还没同步。, en: The data has not arrived yet.}
            steps:
              - text: {zh: 等待后重试。, en: Wait and retry.}
            retry: {basis: WORKING_DAYS, min_days: 1, max_days: 3}
        """;
}
